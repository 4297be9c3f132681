//! The catalogue of rules: every kind of change the checker reports, with a stable id.
//!
//! A rule says what changed. Whether it breaks a format in a direction depends on the change
//! itself (a type change from `i32` to `i64` breaks different things than one from `string` to
//! `i32`), so each finding carries the (format, direction) pairs it breaks; the catalogue lists
//! which pairs a rule *can* break, for the documentation.

use std::fmt;

macro_rules! rules {
    ($( $(#[$doc:meta])* $name:ident = $id:literal, $summary:literal; )*) => {
        /// A rule of the compatibility checker.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $( $(#[$doc])* $name, )*
        }

        impl Rule {
            /// Every rule, in catalogue order.
            pub const ALL: &'static [Rule] = &[ $( Rule::$name, )* ];

            /// The stable id, such as `FIELD_REMOVED`.
            pub fn id(self) -> &'static str {
                match self { $( Rule::$name => $id, )* }
            }

            /// One line on what the rule flags.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$name => $summary, )* }
            }

            /// The rule with the given id.
            pub fn from_id(id: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.id() == id)
            }
        }
    };
}

rules! {
    /// A record, enum or union no longer exists.
    TypeRemoved = "TYPE_REMOVED", "a type was removed";
    /// A type moved to another package (same name, different package).
    TypeMoved = "TYPE_MOVED", "a type moved to another package";
    /// A field's or variant's named type was replaced by a differently named one of the same shape.
    TypeRenamed = "TYPE_RENAMED", "a referenced type was renamed";
    /// A type changed kind (record, enum, union).
    TypeKindChanged = "TYPE_KIND_CHANGED", "a type changed between record, enum and union";
    /// A record field was removed.
    FieldRemoved = "FIELD_REMOVED", "a field was removed";
    /// A record field was added.
    FieldAdded = "FIELD_ADDED", "a field was added";
    /// A field kept its name but got another number.
    FieldNumberChanged = "FIELD_NUMBER_CHANGED", "a field's number changed";
    /// A field kept its number but got another name.
    FieldRenamed = "FIELD_RENAMED", "a field was renamed";
    /// A field's type changed.
    FieldTypeChanged = "FIELD_TYPE_CHANGED", "a field's type changed";
    /// A field became `optional`.
    OptionalAdded = "OPTIONAL_ADDED", "a field became optional";
    /// A field stopped being `optional`.
    OptionalRemoved = "OPTIONAL_REMOVED", "a field stopped being optional";
    /// A field changed between a single value, a list and a map.
    CardinalityChanged = "CARDINALITY_CHANGED", "a field changed between single value, list and map";
    /// A map's value type changed.
    MapValueTypeChanged = "MAP_VALUE_TYPE_CHANGED", "a map's value type changed";
    /// A map's key type changed (`.proto` input).
    MapKeyTypeChanged = "MAP_KEY_TYPE_CHANGED", "a map's key type changed";
    /// A field moved into, out of or between oneofs (`.proto` input).
    FieldOneofChanged = "FIELD_ONEOF_CHANGED", "a field moved into, out of or between oneofs";
    /// A field's `json_name` changed (`.proto` input).
    JsonNameChanged = "JSON_NAME_CHANGED", "a field's JSON name changed";
    /// A field's default value changed, was added or was removed.
    DefaultChanged = "DEFAULT_CHANGED", "a field's default changed";
    /// An enum value was removed.
    EnumValueRemoved = "ENUM_VALUE_REMOVED", "an enum value was removed";
    /// An enum value was added.
    EnumValueAdded = "ENUM_VALUE_ADDED", "an enum value was added";
    /// An enum value kept its name but got another number.
    EnumValueRenumbered = "ENUM_VALUE_RENUMBERED", "an enum value's number changed";
    /// An enum value kept its number but got another name.
    EnumValueRenamed = "ENUM_VALUE_RENAMED", "an enum value was renamed";
    /// A union variant was added.
    VariantAdded = "VARIANT_ADDED", "a union variant was added";
    /// A union variant was removed.
    VariantRemoved = "VARIANT_REMOVED", "a union variant was removed";
    /// A union variant kept its name but got another number.
    VariantRenumbered = "VARIANT_RENUMBERED", "a union variant's number changed";
    /// A union variant kept its number but got another name.
    VariantRenamed = "VARIANT_RENAMED", "a union variant was renamed";
    /// A union variant's type changed.
    VariantTypeChanged = "VARIANT_TYPE_CHANGED", "a union variant's type changed";
    /// A number or name that was reserved is used again.
    ReservedReused = "RESERVED_REUSED", "a reserved number or name is used again";
    /// A reserved number or name is no longer reserved.
    ReservedRemoved = "RESERVED_REMOVED", "a reserved number or name was dropped";
    /// A `.proto` file's package changed.
    PackageChanged = "PACKAGE_CHANGED", "a file's package changed";
    /// A service no longer exists (`.proto` input).
    ServiceRemoved = "SERVICE_REMOVED", "a service was removed";
    /// A method of a service no longer exists (`.proto` input).
    RpcRemoved = "RPC_REMOVED", "an RPC was removed";
    /// A method's request or response message changed (`.proto` input).
    RpcTypeChanged = "RPC_TYPE_CHANGED", "an RPC's request or response type changed";
    /// A method's client or server streaming changed (`.proto` input).
    RpcStreamingChanged = "RPC_STREAMING_CHANGED", "an RPC's streaming changed";
    /// A method's `idempotency_level` option changed (`.proto` input).
    RpcIdempotencyChanged = "RPC_IDEMPOTENCY_CHANGED", "an RPC's idempotency level changed";
    /// Avro schema resolution fails for a reason no finer rule describes.
    AvroIncompatible = "AVRO_INCOMPATIBLE", "Avro schema resolution fails";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The wire formats the checker judges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// Protobuf binary (buf's WIRE level).
    Protobuf,
    /// Avro binary with schema resolution.
    Avro,
    /// JSON: Trident's mapping for `.tri` input, the proto3 JSON mapping for `.proto` input.
    Json,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 3] = [Format::Protobuf, Format::Avro, Format::Json];

    /// The lowercase name used in flags and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Format::Protobuf => "protobuf",
            Format::Avro => "avro",
            Format::Json => "json",
        }
    }

    /// The format with the given name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// Who reads whose data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// A reader using the new schema reads data written with the old one.
    Backward,
    /// A reader using the old schema reads data written with the new one.
    Forward,
}

impl Direction {
    /// Both directions.
    pub const BOTH: [Direction; 2] = [Direction::Backward, Direction::Forward];

    /// The lowercase name used in flags and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Backward => "backward",
            Direction::Forward => "forward",
        }
    }
}

/// A format broken in a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Break {
    /// The format.
    pub format: Format,
    /// The direction.
    pub direction: Direction,
}

impl Break {
    /// `format` broken in `direction`.
    pub fn new(format: Format, direction: Direction) -> Break {
        Break { format, direction }
    }

    /// `format` broken in both directions.
    pub fn both(format: Format) -> [Break; 2] {
        [
            Break::new(format, Direction::Backward),
            Break::new(format, Direction::Forward),
        ]
    }
}
