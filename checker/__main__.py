from checker.cli import main  # noqa: F401 - loaded as the console script loads it

if __name__ == "__main__":  # not when a worker process of `lstm-quiz grade` imports this module
    from checker.entry import run

    run()
