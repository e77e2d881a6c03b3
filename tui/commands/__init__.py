"""Commands of the jixiao TUI: one declaration feeds the key bindings, the footer and the palette."""
