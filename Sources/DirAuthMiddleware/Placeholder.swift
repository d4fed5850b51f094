// Placeholder until the DirAuthMiddleware target lands.
enum _DirAuthMiddlewarePlaceholder {}
