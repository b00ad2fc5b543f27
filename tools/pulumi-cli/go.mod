module github.com/example/pulumi-gpv/tools/pulumi-cli

go 1.24

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
