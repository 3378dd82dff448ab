//! Where the designer draws each generated block (`Metadata.ActionMetadata.<id>.position`).
//!
//! The designer's behaviour without positions is undocumented (blocks may pile up at the
//! origin), so every action gets a place: the happy path left to right on the top row, the
//! failure path on the row below, the shared Disconnect at the end between them.

use super::ids::Role;

/// Top-left corner of the designer's Entry block.
pub(crate) const ENTRY_POINT: (i32, i32) = (40, 40);

const COLUMN: i32 = 260;
const TOP: i32 = 40;
const BOTTOM: i32 = 320;

/// Designer coordinates for a role.
pub(crate) fn position(role: Role) -> (i32, i32) {
    // `n` is one of the few fixed column numbers below, so this never saturates.
    let column = |n: i32| COLUMN.saturating_mul(n).saturating_add(40);
    match role {
        Role::LoggingOff => (column(1), TOP),
        Role::StoreInput => (column(2), TOP),
        Role::Decrypt => (column(3), TOP),
        Role::CheckResult => (column(4), TOP),
        Role::LoggingOnSuccess => (column(5), TOP),
        Role::Confirm => (column(6), TOP),
        Role::LoggingOnFailure => (column(5), BOTTOM),
        Role::FailurePrompt => (column(6), BOTTOM),
        Role::Disconnect => (column(7), (TOP + BOTTOM) / 2),
    }
}
