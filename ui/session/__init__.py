"""The guided reset session: the panel that runs it on the projector (``ui.session.panel``).

The keys live here so the window's menus name them without loading the panel before it is needed.
"""

#: Next step, previous step, park a topic
NEXT, BACK, PARK = "Ctrl+Right", "Ctrl+Left", "Ctrl+L"
