"""The guided reset session: the panel that runs it on the projector (``ui.session.panel``).

The keys live here so the window's menus name them without loading the panel before it is needed.
"""

#: Next step, previous step (each: the key a text field leaves alone first, then the one the issue names,
#: which a text field keeps for moving by word while it has the focus), park a topic
NEXT, BACK, PARK = ("Ctrl+PgDown", "Ctrl+Right"), ("Ctrl+PgUp", "Ctrl+Left"), "Ctrl+L"
