using Mirage.Vfs;

namespace Mirage.Vfs.Tests;

public sealed class VPathTests
{
    [Theory]
    [InlineData("/a//b/./c/..", "/a/b")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData(".", "/")]
    [InlineData("//", "/")]
    [InlineData("/a/", "/a")]
    [InlineData("a/b", "/a/b")]
    [InlineData("/a/./b/.", "/a/b")]
    [InlineData("/a/b/../../c", "/c")]
    [InlineData("/..", "/")]
    [InlineData("/../../..", "/")]
    [InlineData("../../etc/passwd", "/etc/passwd")]
    [InlineData("/a/../../b", "/b")]
    [InlineData("/.../x", "/.../x")]
    [InlineData("/..a/b..", "/..a/b..")]
    [InlineData("/.hidden/.x", "/.hidden/.x")]
    [InlineData("/with space/ü", "/with space/ü")]
    public void Parse_normalises(string input, string expected)
    {
        Assert.Equal(expected, VPath.Parse(input).Value);
    }

    [Fact]
    public void Already_normal_paths_keep_their_text()
    {
        Assert.Equal("/a/b c/.d", VPath.Parse("/a/b c/.d").ToString());
    }

    [Fact]
    public void Dot_dot_never_climbs_above_the_root()
    {
        var path = VPath.Parse("/a/../../../..");
        Assert.True(path.IsRoot);
        Assert.Equal(VPath.Root, path);
    }

    [Fact]
    public void Default_value_is_the_root()
    {
        VPath path = default;
        Assert.True(path.IsRoot);
        Assert.Equal("/", path.Value);
        Assert.Equal(VPath.Root, path);
    }

    [Theory]
    [InlineData("/a/b/c", "/a/b")]
    [InlineData("/a", "/")]
    [InlineData("/", "/")]
    public void Parent_drops_the_last_segment_and_the_root_is_its_own_parent(string path, string parent)
    {
        Assert.Equal(VPath.Parse(parent), VPath.Parse(path).Parent);
    }

    [Theory]
    [InlineData("/a/b/file.txt", "file.txt")]
    [InlineData("/a", "a")]
    [InlineData("/", "")]
    [InlineData("/dir/.hidden", ".hidden")]
    public void Name_is_the_last_segment(string path, string name)
    {
        Assert.Equal(name, VPath.Parse(path).Name);
    }

    [Theory]
    [InlineData("/a/file.txt", ".txt")]
    [InlineData("/a/archive.tar.gz", ".gz")]
    [InlineData("/a/.bashrc", "")]
    [InlineData("/a/noext", "")]
    [InlineData("/a.d/noext", "")]
    [InlineData("/", "")]
    [InlineData("/a/trailing.", ".")]
    public void Extension_is_from_the_last_dot_of_the_name(string path, string extension)
    {
        Assert.Equal(extension, VPath.Parse(path).Extension);
    }

    [Theory]
    [InlineData("/a/b", "c", "/a/b/c")]
    [InlineData("/a/b", "../c", "/a/c")]
    [InlineData("/a/b", "/x/y", "/x/y")]
    [InlineData("/a/b", "", "/a/b")]
    [InlineData("/", "x", "/x")]
    [InlineData("/a", "../../..", "/")]
    [InlineData("/a", "./b/./c/", "/a/b/c")]
    public void Combine_resolves_against_a_working_directory(string directory, string relative, string expected)
    {
        Assert.Equal(VPath.Parse(expected), VPath.Combine(VPath.Parse(directory), relative));
        Assert.Equal(VPath.Parse(expected), VPath.Parse(directory) / relative);
    }

    [Theory]
    [InlineData("/a/b", "/a", true)]
    [InlineData("/a", "/a", true)]
    [InlineData("/a/b", "/", true)]
    [InlineData("/", "/", true)]
    [InlineData("/ab", "/a", false)]
    [InlineData("/a", "/a/b", false)]
    [InlineData("/", "/a", false)]
    [InlineData("/b/a", "/a", false)]
    public void IsUnder_respects_segment_boundaries(string path, string ancestor, bool expected)
    {
        Assert.Equal(expected, VPath.Parse(path).IsUnder(VPath.Parse(ancestor)));
    }

    [Theory]
    [InlineData("/a/b/c", "/a", "/b/c")]
    [InlineData("/a", "/a", "/")]
    [InlineData("/a/b", "/", "/a/b")]
    public void RelativeTo_gives_the_path_as_seen_from_an_ancestor(string path, string ancestor, string expected)
    {
        Assert.Equal(VPath.Parse(expected), VPath.Parse(path).RelativeTo(VPath.Parse(ancestor)));
    }

    [Fact]
    public void RelativeTo_a_non_ancestor_throws()
    {
        Assert.Throws<ArgumentException>(() => VPath.Parse("/ab").RelativeTo(VPath.Parse("/a")));
    }

    [Theory]
    [InlineData("/mnt", "/x/y", "/mnt/x/y")]
    [InlineData("/mnt", "/", "/mnt")]
    [InlineData("/", "/x", "/x")]
    [InlineData("/", "/", "/")]
    public void Join_places_an_inner_path_under_this_one(string outer, string inner, string expected)
    {
        Assert.Equal(VPath.Parse(expected), VPath.Parse(outer).Join(VPath.Parse(inner)));
    }

    [Theory]
    [InlineData("/s3/logs/2024/x.txt", "/s3")]
    [InlineData("/a/b", "/a/b")]
    [InlineData("/a", "/")]
    public void Join_undoes_RelativeTo(string path, string ancestor)
    {
        var full = VPath.Parse(path);
        var mount = VPath.Parse(ancestor);
        Assert.Equal(full, mount.Join(full.RelativeTo(mount)));
    }

    [Fact]
    public void Segments_and_depth_count_from_the_root()
    {
        Assert.Equal(["a", "b c", "d"], VPath.Parse("/a/b c/d").Segments);
        Assert.Equal(3, VPath.Parse("/a/b c/d").Depth);
        Assert.Empty(VPath.Root.Segments);
        Assert.Equal(0, VPath.Root.Depth);
    }

    [Fact]
    public void ToRelativeString_drops_the_leading_slash()
    {
        Assert.Equal("a/b", VPath.Parse("/a/b").ToRelativeString());
        Assert.Equal(string.Empty, VPath.Root.ToRelativeString());
    }

    [Fact]
    public void Equality_and_ordering_are_ordinal()
    {
        Assert.Equal(VPath.Parse("/a/b"), VPath.Parse("/a//b/"));
        Assert.True(VPath.Parse("/a/b") == "/a/./b");
        Assert.True(VPath.Parse("/A") != VPath.Parse("/a"));
        Assert.True(VPath.Parse("/B") < VPath.Parse("/a"));
        Assert.Equal(VPath.Parse("/a/b").GetHashCode(), VPath.Parse("/a/x/../b").GetHashCode());
        var set = new HashSet<VPath> { "/a", "/a/", "/./a" };
        Assert.Single(set);
    }

    [Fact]
    public void Names_keep_unusual_characters()
    {
        var path = VPath.Parse("/d/100% #1 ?*[x] \\ \n é");
        Assert.Equal("100% #1 ?*[x] \\ \n é", path.Name);
        Assert.Equal(VPath.Parse("/d"), path.Parent);
    }
}
