using System.Collections;
using System.Reflection;
using Newtonsoft.Json;

namespace ALfc.Core;

/// <summary>
/// Whether an object read from JSON is whole: no reference its type declares non-nullable (a property, a record's
/// positional member, a list's element or a dictionary's value, at any depth) came out null. Newtonsoft fills a
/// missing or null member with null whatever the nullable annotations say, so a stored record edited to <c>{}</c> or to
/// <c>"white": {"fgsm": null}</c> read "fine" and crashed the report that used it. Only ALfc's own types are walked.
/// </summary>
public static class JsonCompleteness
{
    /// <summary>Throws <see cref="JsonSerializationException"/> naming the first missing member by its JSON path.</summary>
    public static void Check(object value) => Walk(value, "", depth: 0);

    /// <summary>
    /// A type's walked properties with their JSON names and nullability, found once per type: reading nullability
    /// through reflection for every property of every record made opening a 3000-trial store take 2 s.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (PropertyInfo Property, string Name, NullabilityInfo Nullability)[]> Members = new();

    private static (PropertyInfo Property, string Name, NullabilityInfo Nullability)[] MembersOf(Type type) => Members.GetOrAdd(type, t =>
    {
        var context = new NullabilityInfoContext(); // not thread-safe: one per type, used here only
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && !p.IsDefined(typeof(JsonIgnoreAttribute), true))
            .Select(p => (p, JsonName(p.Name), context.Create(p))).ToArray();
    });

    private static void Walk(object value, string path, int depth)
    {
        // Records nest a few levels; a deeper walk means a cycle, which JSON cannot make.
        if (depth > 32 || value.GetType().Namespace?.StartsWith("ALfc", StringComparison.Ordinal) != true) return;
        foreach (var (property, name, nullability) in MembersOf(value.GetType()))
            Item(property.GetValue(value), nullability, Join(path, name), depth);
    }

    private static void Item(object? value, NullabilityInfo nullability, string path, int depth)
    {
        if (value is null)
        {
            if (nullability.ReadState == NullabilityState.NotNull && !nullability.Type.IsValueType)
                throw new JsonSerializationException($"'{(path.Length == 0 ? "(root)" : path)}' is missing or null");
            return;
        }
        switch (value)
        {
            case string:
                return;
            case IDictionary dictionary:
                var valueInfo = nullability.GenericTypeArguments.Length == 2 ? nullability.GenericTypeArguments[1] : null;
                foreach (DictionaryEntry entry in dictionary)
                    if (valueInfo is not null) Item(entry.Value, valueInfo, Join(path, entry.Key.ToString() ?? ""), depth + 1);
                return;
            case IEnumerable sequence:
                var elementInfo = nullability.ElementType ?? (nullability.GenericTypeArguments.Length == 1 ? nullability.GenericTypeArguments[0] : null);
                int i = 0;
                foreach (var element in sequence)
                    if (elementInfo is not null) Item(element, elementInfo, $"{path}[{i++}]", depth + 1);
                return;
            default:
                Walk(value, path, depth + 1);
                return;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The camelCase name <see cref="AlfcJson"/> writes a property under.</summary>
    private static string JsonName(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
