"""Running untrusted code: the runner process, its isolation layers and the pipe protocol."""
