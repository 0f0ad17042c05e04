"""Entry point: `streamlit run streamlit_app.py`. Page config, navigation, the shared sidebar."""

import streamlit as st

from prep.ui.shell import PAGES, guarded, sidebar

st.set_page_config(page_title="CMO interview prep", page_icon=":material/stethoscope:", layout="wide")
page = st.navigation(PAGES)
guarded(sidebar)
guarded(page.run)
