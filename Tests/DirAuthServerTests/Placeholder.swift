import Testing

@Suite struct DirAuthServerTestsPlaceholder {}
