using System.Reflection;
using MemoryPack;
using StackLint.Cli;
using StackLint.Cli.Cache;
using StackLint.Engine;
using StackLint.Frontend;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>
/// The report cache's key covers the settings and output options as whole serialized records: for every property,
/// found by reflection so a property added later is covered without this test or the key code changing, two values
/// give two keys, unless the property says it cannot change a report ([MemoryPackIgnore], or a key formatter that
/// keeps only part of it).
/// </summary>
public sealed class CacheKeyTests
{
    private static string Key(AnalysisSettings settings, ReportRequest request) =>
        SerializedKey.Of(new ReportKey(1, "tool", settings, request, null, "prelude", [], [], [], []));

    private static T With<T>(T record, PropertyInfo property, object? value) where T : class
    {
        var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    /// <summary>Every settable property set to its first made value, so each can then be moved to a second one.</summary>
    private static T Filled<T>(T record) where T : class
    {
        foreach (var property in Settable(typeof(T))) record = With(record, property, ValueMaker.Make(property.PropertyType, 1));
        return record;
    }

    /// <summary>The settable properties; the parsed baseline is checked on its own (it enters the key as its file).</summary>
    private static IEnumerable<PropertyInfo> Settable(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod is { IsPublic: true } && p.PropertyType != typeof(StackLint.Sarif.Baseline))
        .OrderBy(p => p.Name, StringComparer.Ordinal);

    private static readonly ReportRequest Request = Filled(ReportRequest.Create(null, null, null, "/src", null, null, false, null, "/src")) with
    {
        Baseline = null,
        StartTimeUtc = null,
    };

    private static readonly AnalysisSettings Settings = Filled(new AnalysisSettings());

    [Fact]
    public void Every_analysis_setting_is_in_the_report_key_unless_marked_as_not_changing_the_report()
    {
        var baseKey = Key(Settings, Request);
        var inKey = new List<string>();
        foreach (var property in Settable(typeof(AnalysisSettings)))
        {
            var changed = Key(With(Settings, property, ValueMaker.Make(property.PropertyType, 2)), Request);
            bool ignored = property.GetCustomAttribute<MemoryPackIgnoreAttribute>() is not null;
            Assert.True(ignored == (changed == baseKey), $"{property.Name}: {(ignored ? "marked [MemoryPackIgnore] but changes" : "does not change")} the key");
            if (!ignored) inKey.Add(property.Name);
        }
        Assert.Contains(nameof(AnalysisSettings.Defines), inKey);
        Assert.Contains(nameof(AnalysisSettings.CurrentDirectory), inKey);
        Assert.DoesNotContain(nameof(AnalysisSettings.Jobs), inKey);
    }

    [Fact]
    public void Every_output_option_is_in_the_report_key_and_output_paths_only_by_presence()
    {
        var baseKey = Key(Settings, Request);
        foreach (var property in Settable(typeof(ReportRequest)))
        {
            var changed = Key(Settings, With(Request, property, ValueMaker.Make(property.PropertyType, 2)));
            if (property.GetCustomAttribute<NotInKeyAttribute<DateTimeOffset?>>() is not null)
            {
                // A run that stamps times is never stored, so they need not be in the key.
                Assert.True(changed == baseKey, $"{property.Name}: marked NotInKey but changes the key");
            }
            else if (property.GetCustomAttribute<KeyByPresenceAttribute>() is not null)
            {
                Assert.True(changed == baseKey, $"{property.Name}: another path changes the key");
                Assert.NotEqual(baseKey, Key(Settings, With(Request, property, null)));
            }
            else
            {
                Assert.True(changed != baseKey, $"{property.Name}: does not change the key");
            }
        }
        // The baseline enters the key as its file's path (a property above) and content (ReportKey.BaselineHash).
        Assert.NotNull(typeof(ReportRequest).GetProperty(nameof(ReportRequest.Baseline))!.GetCustomAttribute<NotInKeyAttribute<StackLint.Sarif.Baseline>>());
    }

    [Fact]
    public void The_same_settings_built_twice_give_the_same_key()
    {
        Assert.Equal(Key(Filled(new AnalysisSettings()), Request), Key(Settings, Request));
        Assert.Matches("^[0-9a-f]{64}$", Key(Settings, Request));
    }
}
