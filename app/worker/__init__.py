"""Code that runs inside worker processes, where Keras is imported.

Nothing in the web process imports this package's submodules except
`main.serve`, which defers every Keras import until it runs in the child.
"""
