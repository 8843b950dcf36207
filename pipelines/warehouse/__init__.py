"""Pure warehouse: tables, migrations, loaders, identity, history and marts. No dagster imports here."""
