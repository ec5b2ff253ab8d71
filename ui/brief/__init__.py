"""The one-page brief: layout on a page (render), the paper setting, and the File-menu actions."""
