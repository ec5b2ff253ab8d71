"""The go/no-go review view: five questions, confirmations, the stakeholder note, the history."""
