import { useUsers } from '../../hooks/useUsers';
import { CreateUserForm } from './CreateUserForm';
import { Pager } from './Pager';

/** Users: create annotators (or admins), disable and re-enable them. */
export function UsersPanel() {
  const users = useUsers();
  return (
    <section className="card admin-section" aria-labelledby="users-title">
      <header className="section-head">
        <h2 id="users-title">Users</h2>
        <span className="muted">{users.total} in all</span>
      </header>
      <CreateUserForm onCreate={users.create} />
      {users.error && <p className="tone-error">{users.error}</p>}
      <table className="table" data-testid="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.users.map((user) => (
            <tr
              key={user.id}
              data-testid={`user-row-${user.name}`}
              className={user.disabled ? 'is-disabled' : undefined}
            >
              <td>{user.name}</td>
              <td>
                <span className={`role-badge role-${user.role}`}>{user.role}</span>
              </td>
              <td>{new Date(user.createdAt).toLocaleDateString()}</td>
              <td>{user.disabled ? 'disabled' : 'active'}</td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn-quiet btn-small"
                  onClick={() => users.setDisabled(user, !user.disabled)}
                  aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.name}`}
                >
                  {user.disabled ? 'Enable' : 'Disable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager offset={users.offset} pageSize={users.pageSize} total={users.total} previous={users.previous} next={users.next} />
    </section>
  );
}
