"""Use cases, one module each: what a command does, as functions that take plain values and
return results (never printing, never exiting). The CLI calls one of these per command and
hands the result to the output layer."""
