"""Names vulture reports as unused that a caller it cannot see uses.

Check with: .venv/bin/vulture cockpit ui vulture_whitelist.py --min-confidence 80
"""

# ui/main.py, _Version.__call__: argparse calls Action.__call__(parser, namespace, values, option_string),
# so an override keeps the base class's parameter names and order even when it ignores them.
namespace  # noqa: B018, F821  # argparse.Action.__call__ parameter, unused by _Version
option_string  # noqa: B018, F821  # argparse.Action.__call__ parameter, unused by _Version
