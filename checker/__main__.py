from checker.cli import main

if __name__ == "__main__":  # not when a worker process of `lstm-quiz grade` imports this module
    from checker.entry import tolerant_streams

    tolerant_streams()
    main(prog_name="lstm-quiz")
