"""The hall's queue (取号): services, tickets, the ticket printer and the spoken calls."""
