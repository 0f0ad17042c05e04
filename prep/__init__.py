"""CMO interview prep: question banks, practice, and the store that keeps every answer."""
