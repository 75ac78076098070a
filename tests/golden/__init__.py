"""Tests of the golden thread: chapter 4, business plans, the annual report, the trace."""
