// Placeholder until the LDAPClient target lands.
enum _LDAPClientPlaceholder {}
