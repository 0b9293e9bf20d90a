# Hostile: exec() of code that execs itself.
src = 'exec(src)'
exec(src)
