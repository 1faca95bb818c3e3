"""The spec: one JSON document that drives the form, validation, training,
code export, URLs and stored runs. Its format is documented in app/spec/spec.md."""
