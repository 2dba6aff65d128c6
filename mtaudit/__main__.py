from mtaudit.cli import run

run()
