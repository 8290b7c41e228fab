def username_for_lockout(request, credentials) -> str:
    """The address failed logins are counted against.

    Log-in ignores the case of the address, so the count must too, or an
    attacker could try `Person@…`, `PERSON@…`, … to multiply the allowance.
    """
    source = credentials if credentials is not None else request.POST
    return (source.get("username") or "").strip().lower()
