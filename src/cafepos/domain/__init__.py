"""The café's rules in plain Python: money, VAT, tickets, the journal's hashing. No framework, no I/O."""
