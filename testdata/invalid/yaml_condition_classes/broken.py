# A condition file that fails when imported.
VALUE = undefined_name
