"""The payments bounded context: payments, instructions, schedules and repayments."""
