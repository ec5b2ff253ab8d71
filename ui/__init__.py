"""Everything a person touches: the Qt app and the command line. Sits above ``cockpit``."""
