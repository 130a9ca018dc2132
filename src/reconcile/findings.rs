//! The findings catalogue (api.md section 9): a closed set of discrepancy codes, each with its
//! severity and its VTEX source.

use serde::Serialize;

/// How bad a finding is (api.md section 9).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Inconsistent records that move no money by themselves.
    Data,
    /// A flow that did not finish.
    Stuck,
    /// Money at risk.
    Money,
}

/// A discrepancy code. (Skeleton: the catalogue is written by the reconciliation work.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingCode {
    /// Settlement requests the gateway has not executed.
    SettlementNotExecuted,
}

impl FindingCode {
    /// Every code, in declaration order.
    pub const ALL: [FindingCode; 1] = [FindingCode::SettlementNotExecuted];

    /// The code as JSON writes it.
    pub fn name(self) -> &'static str {
        match self {
            FindingCode::SettlementNotExecuted => "SETTLEMENT_NOT_EXECUTED",
        }
    }

    /// Its severity.
    pub fn severity(self) -> Severity {
        match self {
            FindingCode::SettlementNotExecuted => Severity::Stuck,
        }
    }
}
