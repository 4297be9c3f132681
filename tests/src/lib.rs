//! Workspace-level tests of Trident live in `tests/`; this library is empty on purpose.
