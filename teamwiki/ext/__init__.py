"""The wiki's local Sphinx extensions, registered in conf.py."""
