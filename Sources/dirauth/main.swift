print("dirauth: not yet")
