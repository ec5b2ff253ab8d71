"""What the app tells people: exports, the brief's content, the stakeholder note."""
