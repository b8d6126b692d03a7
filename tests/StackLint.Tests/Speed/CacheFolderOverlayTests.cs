using StackLint.Engine.Cache;
using StackLint.Engine;
using System.Text;
using StackLint.Frontend;
using Xunit;

namespace StackLint.Tests.Speed;

/// <summary>The case-insensitive #include overlay never walks a facts cache folder, wherever --cache-dir put it.</summary>
public sealed class CacheFolderOverlayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stacklint-overlay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(params string[] parts)
    {
        var path = Path.Combine([_dir, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
    }

    [Fact]
    public void Overlay_skips_folders_the_facts_cache_marked_and_keeps_other_ignored_folders()
    {
        Write("inc", "Types.H");
        // A cache folder opened by the cache itself carries its marker, so the overlay and the cache cannot drift apart.
        var cache = Path.Combine(_dir, "lint-cache");
        Assert.NotNull(FactsCache.Open(cache, TextWriter.Null));
        Write("lint-cache", "facts", "cached.h");
        Write("lint-cache", "pch", "prefix.h");
        Write(".stacklint-cache", "facts", "dotted.h");
        // A .gitignore someone else wrote says nothing about headers: generated ones often live in ignored folders.
        Write("gen", "Generated.h");
        File.WriteAllText(Path.Combine(_dir, "gen", ".gitignore"), "# Created by the build\n*\n");

        var json = Encoding.UTF8.GetString(CaseInsensitiveOverlay.Build([_dir]));

        Assert.Contains("\"name\":\"Types.H\"", json);
        Assert.Contains("\"name\":\"Generated.h\"", json);
        Assert.DoesNotContain("lint-cache", json);
        Assert.DoesNotContain("cached.h", json);
        Assert.DoesNotContain("prefix.h", json);
        Assert.DoesNotContain("stacklint-cache", json);
    }

    [Fact]
    public void Overlay_rooted_at_a_cache_folder_lists_nothing_from_it()
    {
        Assert.NotNull(FactsCache.Open(_dir, TextWriter.Null));
        Write("facts", "cached.h");
        Assert.DoesNotContain("cached.h", Encoding.UTF8.GetString(CaseInsensitiveOverlay.Build([_dir])));
    }

    [Fact]
    public void Overlays_that_share_folder_listings_are_the_overlays_of_fresh_walks()
    {
        Write("driver", "inc", "Types.H");
        Write("driver", "inc", "sub", "More.h");
        Write("driver", "a", "Local.h");
        Write("driver", "b", "Other.h");
        Write("driver", "b", ".hidden", "Skipped.h");
        var inc = Path.Combine(_dir, "driver", "inc");
        string[][] sets = [[Path.Combine(_dir, "driver", "a"), inc], [Path.Combine(_dir, "driver", "b"), inc], [inc]];
        var shared = new CaseInsensitiveOverlay.Listings();
        var outputs = Path.Combine(_dir, "overlays");
        foreach (var set in sets)
        {
            var path = CaseInsensitiveOverlay.Write(set, outputs, shared);
            Assert.NotNull(path);
            var roots = set.Order(StringComparer.Ordinal).ToList();
            Assert.Equal(CaseInsensitiveOverlay.Build(roots), File.ReadAllBytes(path));
        }
        Assert.Equal(3, Directory.GetFiles(outputs).Length);
    }
}
