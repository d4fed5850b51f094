print("dirauthd: not yet")
