import { describe, expect, it } from "vitest";
import { findingsOf } from "../testing/check-fixture.js";
import { baseImageUnpinned } from "./base-image-unpinned.js";

const compose = "services:\n  app:\n    build: .\n";

describe("base-image-unpinned", () => {
  it("fires on FROM without tag", () => {
    expect(findingsOf(baseImageUnpinned, { compose, files: { Dockerfile: "FROM node AS build\nFROM build\n" } })).toMatchObject([{ file: "Dockerfile", line: 1 }]);
  });
  it("stays quiet on pinned bases and stage references", () => {
    expect(findingsOf(baseImageUnpinned, { compose, files: { Dockerfile: "FROM node:20-slim AS build\nFROM build\nFROM scratch\n" } })).toEqual([]);
  });
});

describe("base-image-unpinned: what counts as pinned", () => {
  const findings = (dockerfile: string) => findingsOf(baseImageUnpinned, { compose, files: { Dockerfile: dockerfile } });

  it("fires on :latest too, naming the image, with a pinned example as hint", () => {
    expect(findings("FROM python:latest\n")).toMatchObject([{ line: 1, message: 'base image "python:latest" is not pinned to a version', hint: "pin a version tag, e.g. node:20-bookworm-slim" }]);
  });

  it("accepts a digest, a registry with a port and a tag, and a base given by build argument", () => {
    expect(findings(`FROM node@sha256:${"a".repeat(64)}\n`)).toEqual([]);
    expect(findings("FROM registry.local:5000/team/node:20\n")).toEqual([]);
    expect(findings("ARG BASE=node:20\nFROM ${BASE}\n")).toEqual([]);
  });

  it("treats a registry port as no tag: registry.local:5000/node is unpinned", () => {
    expect(findings("FROM registry.local:5000/team/node\n")).toMatchObject([{ line: 1 }]);
  });

  it("matches stage names case-insensitively and reads no Dockerfile for an image-only service", () => {
    expect(findings("FROM node:20 AS Builder\nFROM builder\n")).toEqual([]);
    expect(findingsOf(baseImageUnpinned, { compose: "services:\n  app:\n    image: node\n", files: { Dockerfile: "FROM node\n" } })).toEqual([]);
  });
});
