using System.Collections.Immutable;
using System.Reflection;

namespace StackLint.Rules;

/// <summary>All rules, discovered from this assembly (no central list to edit), ordered by id.</summary>
public static class RuleCatalog
{
    private static readonly Lazy<ImmutableArray<StackRule>> AllRules = new(Discover);

    public static ImmutableArray<StackRule> All => AllRules.Value;

    public static StackRule? Find(string id) => All.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));

    private static ImmutableArray<StackRule> Discover() =>
        [.. typeof(StackRule).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(StackRule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (StackRule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Id, StringComparer.Ordinal)];
}
