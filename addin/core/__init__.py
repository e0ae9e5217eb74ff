"""Pure core: values, issues, patches and tables. Nothing here touches a file or Excel."""
