import { describe, expect, it } from 'vitest';
import type { Resource } from '../model/resource';
import { changesetCommitMessage } from './commit-message';

const up = (port: number): Resource => ({ kind: 'Upstream', metadata: { name: 'users', namespace: 'gloo-system' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } } } as Resource);

describe('changeset commit messages', () => {
  it('name the object and what happened to it, and list the changed fields of an update', () => {
    expect(changesetCommitMessage(undefined, up(1), 'u.yaml')).toBe('Add Upstream gloo-system/users\n\nIn u.yaml.\n');
    expect(changesetCommitMessage(up(1), undefined, 'u.yaml')).toBe('Delete Upstream gloo-system/users\n\nFrom u.yaml.\n');
    expect(changesetCommitMessage(up(1), up(2), 'u.yaml')).toBe('Update Upstream gloo-system/users\n\nIn u.yaml:\n- spec.static.hosts[0].port: 1 → 2\n');
  });
});
