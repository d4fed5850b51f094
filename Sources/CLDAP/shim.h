// CLDAP: the only place dirauth touches OpenLDAP's C headers.
#ifndef DIRAUTH_CLDAP_SHIM_H
#define DIRAUTH_CLDAP_SHIM_H

#include <lber.h>
#include <ldap.h>

#endif
