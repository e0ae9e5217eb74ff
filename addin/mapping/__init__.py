"""Header mappings: proposing one for a rep's own sheets (`salesdesk map`) and reading a confirmed one."""
