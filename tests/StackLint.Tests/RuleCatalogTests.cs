using System.Text.RegularExpressions;
using StackLint.Rules;
using Xunit;

namespace StackLint.Tests;

public sealed class RuleCatalogTests
{
    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        var ids = RuleCatalog.All.Select(r => r.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^SL[123][0-9]{3}$"), id));
    }

    [Fact]
    public void Every_descriptor_has_help_link_and_title()
    {
        Assert.All(RuleCatalog.All, r =>
        {
            Assert.Equal(RuleDescriptors.HelpUri(r.Id), r.Descriptor.HelpLinkUri);
            Assert.False(string.IsNullOrWhiteSpace(r.Descriptor.Title.ToString()));
        });
    }
}
