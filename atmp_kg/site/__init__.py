"""Site: the static explorer, actor profiles, the gap report page and the network downloads."""
