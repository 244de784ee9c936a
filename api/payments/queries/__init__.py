"""The payments context's reads: one module per question, each reading its projection only."""
