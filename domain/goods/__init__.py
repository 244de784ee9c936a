"""The goods bounded context: a catalogue of goods and grants, quotes, purchases and their shares."""
