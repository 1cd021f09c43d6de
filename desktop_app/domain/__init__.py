"""Pure Python: register declarations, validation, periods, deadlines, units, Vietnamese text."""
