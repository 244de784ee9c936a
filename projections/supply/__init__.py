"""Read models of the supply context: occupancy processes, meters and readings, measurements, charges and products."""
