"""The commented starter bank written by `python -m prep new-bank SLUG`."""

from __future__ import annotations

from datetime import date

_TEMPLATE = """\
# A question bank for CMO interview prep. One bank per file.
# Check it with:  python -m prep validate {slug}.yaml
# Full guide: docs/question-banks.md
#
# Rules of thumb: indent with spaces (never tabs); put text containing ': ' in quotes
# or use '>-' for a paragraph; every item id is unique across ALL banks and never changes
# (the candidate's history is kept by id, so edit the text freely but keep the id).

bank: {slug}                     # this bank's slug: lowercase letters, digits, hyphens
title: {title}                   # shown in the app
description: What this bank practises, in one or two sentences.
author: Your name
reviewed: {today}                # when you last checked the facts
jurisdiction: US                 # whose rules the facts follow
competency: strategy             # default area for every item below; see question_banks/competencies.yaml
tags: []

# Optional: declare your own competency areas and use their ids below.
# competencies:
#   - id: digital-health
#     name: Digital health
#     description: Telehealth, remote monitoring and AI governance.

flashcards:
  - id: {slug}-fc-example        # stable and unique: never reuse or rename
    front: What does a capitation contract pay?
    back: A fixed amount **per member per month**, whatever care is used.
    tags: [payment-models]
    # competency: finance        # overrides the bank's default
    # reviewed: {today}          # add to facts that can change (programme rules, percentages)
    # source: CMS                # where a reader can check the fact

prompts:
  - id: {slug}-pr-example
    prompt: >-
      Where should this organisation be in five years, and what would you do
      in your first year as CMO to get it there?
    talking_points:              # 3 to 5 short phrases a strong answer covers
      - A headline vision in one sentence
      - Two or three priorities tied to the mission and market
      - Sequencing and what you would stop doing
      - Measures the board would see
    follow_ups:                  # what a panel asks next
      - Which of those priorities would you cut if the budget fell by 10%?
    framework: answer-first      # star (behavioural) or answer-first (strategic, situational)
    time_limit: 120              # seconds
    difficulty: 2                # 1 warm-up, 2 standard, 3 hard
    # settings: [hospital]       # only if specific: hospital, payer, pharma
    tags: [vision]
"""


def bank_template(slug: str) -> str:
    title = slug.replace("-", " ").capitalize()
    return _TEMPLATE.format(slug=slug, title=title, today=date.today().isoformat())
