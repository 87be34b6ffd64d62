using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace RbIdp.Pipeline.Documents;

/// <summary>Parses and prints the snake_case wire names of the contract's enums.</summary>
public static class WireNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Cache<TEnum>.ToWire[value];

    public static bool TryParse<TEnum>(string? wire, out TEnum value) where TEnum : struct, Enum
    {
        value = default;
        return wire is not null && Cache<TEnum>.FromWire.TryGetValue(wire.Trim(), out value);
    }

    public static IReadOnlyCollection<string> All<TEnum>() where TEnum : struct, Enum => Cache<TEnum>.FromWire.Keys;

    private static class Cache<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ToWire = Enum.GetValues<TEnum>().ToFrozenDictionary(
            v => v,
            v => typeof(TEnum).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? v.ToString());

        public static readonly FrozenDictionary<string, TEnum> FromWire =
            ToWire.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.OrdinalIgnoreCase);
    }
}
