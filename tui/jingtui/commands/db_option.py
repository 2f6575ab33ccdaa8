"""The ``--db`` option shared by the commands that read or write claims."""

DB_HELP = ("the annotation database: a file (default DIR/.jingtui/annotations.json) or a team database "
           "postgresql://[USER@]HOST/NAME (default: the JINGTUI_DB environment variable, if set)")
